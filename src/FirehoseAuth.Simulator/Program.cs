using FirehoseAuth.Simulator;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await SimulatorCli.RunAsync(args, Console.In, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
