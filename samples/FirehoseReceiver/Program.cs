// STUB: the runnable receiver is implemented with the host integration.
Console.Error.WriteLine("FirehoseReceiver is not implemented yet.");
return 1;
