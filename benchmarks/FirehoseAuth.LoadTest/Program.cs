using FirehoseAuth.LoadTest;

// Bounded load on loopback only.
//   compare  --receiver DLL|EXE [--against DLL|EXE [--against-name NAME]] [--shapes a,b,c] [--rounds 3]
//            [--seconds 60] [--warmup 10] [--concurrency 8] [--min-ratio X] [--floor off]
//            [--startup-rounds N] [--poll-ms 10]
//                                                   FirehoseReceiver vs the naive minimal-API receiver (or --against)
//                                                   and the floor; start to first 200 alone with --startup-rounds
//   drive    --url URL --key KEY [--shape a] [--seconds 60] [--concurrency 8] [--pid PID]
//   serve-naive --urls URL --key KEY                              the naive receiver (a child process of compare)
//   serve-floor --urls URL        the floor: reads each body, answers 200, nothing else (a child process of compare)
//   dedupe   --receiver DLL|EXE [--ids 2000] [--concurrency 16]   two receivers on one redis-server child: retried
//            ids reach a handler once (duplicates 0, lost 0), p50/p99 per attempt
var command = args.Length > 0 ? args[0] : "help";
var options = LoadOptions.Parse(args.Skip(1).ToArray());
switch (command)
{
    case "serve-naive":
        await NaiveReceiver.RunAsync(options.Get("urls"), options.Get("key"));
        return 0;
    case "serve-floor":
        await FloorReceiver.RunAsync(options.Get("urls"));
        return 0;
    case "drive":
    {
        var result = await LoadDriver.RunAsync(new Uri(options.Get("url")), options.Get("key"), Deliveries.Create(options.TryGet("shape") ?? "a"), options, options.TryGetInt("pid"));
        Console.WriteLine(result);
        return result.Failed == 0 ? 0 : 1;
    }
    case "compare":
        return await Comparison.RunAsync(options);
    case "dedupe":
        return await DedupeRun.RunAsync(options);
    default:
        Console.Error.WriteLine("usage: compare --receiver PATH/FirehoseReceiver.dll [--against PATH] [--shapes a,b,c] [--rounds N] [--seconds N] [--concurrency N] | drive --url URL --key KEY | serve-naive --urls URL --key KEY | serve-floor --urls URL | dedupe --receiver PATH/FirehoseReceiver.dll [--ids N] [--concurrency N]");
        return 2;
}
