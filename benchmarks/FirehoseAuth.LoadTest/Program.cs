using FirehoseAuth.LoadTest;

// Bounded load on loopback only.
//   compare  --receiver DLL [--seconds 60] [--concurrency 32]   FirehoseReceiver vs a naive minimal-API receiver
//   drive    --url URL --key KEY [--seconds 60] [--concurrency 32] [--pid PID]
//   serve-naive --urls URL --key KEY                              the naive receiver (a child process of compare)
var command = args.Length > 0 ? args[0] : "help";
var options = LoadOptions.Parse(args.Skip(1).ToArray());
switch (command)
{
    case "serve-naive":
        await NaiveReceiver.RunAsync(options.Get("urls"), options.Get("key"));
        return 0;
    case "drive":
    {
        var result = await LoadDriver.RunAsync(new Uri(options.Get("url")), options.Get("key"), options, options.TryGetInt("pid"));
        Console.WriteLine(result);
        return result.Failed == 0 ? 0 : 1;
    }
    case "compare":
        return await Comparison.RunAsync(options);
    default:
        Console.Error.WriteLine("usage: compare --receiver PATH/FirehoseReceiver.dll [--seconds N] [--concurrency N] | drive --url URL --key KEY | serve-naive --urls URL --key KEY");
        return 2;
}
