using DeltaConnect.Worker;

return await DeltaConnectCli.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
