using FirehoseAuth.Fuzz;
using SharpFuzz;

// Modes:
//   (no arguments)           run under afl-fuzz (SharpFuzz fork server); outside afl-fuzz it runs stdin once
//   --corpus DIR [FIXTURES]  write the seed corpus (generated bodies, plus peer fixtures when FIXTURES exists)
//   --replay FILE...         run each input once and report any escaping exception (for triage and regressions)
if (args.Length >= 2 && args[0] == "--corpus")
{
    var count = SeedCorpus.Write(args[1], args.Length > 2 ? args[2] : null);
    Console.WriteLine($"wrote {count} seed inputs to {args[1]}");
    return 0;
}

if (args.Length >= 1 && args[0] == "--replay")
{
    var failures = 0;
    foreach (var file in args.Skip(1))
    {
        try
        {
            ParserTarget.Run(File.ReadAllBytes(file));
        }
        catch (Exception ex)
        {
            failures++;
            Console.Error.WriteLine($"{file}: {ex}");
        }
    }

    Console.WriteLine($"replayed {args.Length - 1} inputs, {failures} failed");
    return failures == 0 ? 0 : 1;
}

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    ParserTarget.Run(buffer.ToArray());
});
return 0;
