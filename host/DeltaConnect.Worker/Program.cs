using DeltaConnect.Worker;
using DeltaConnect.Worker.Hosting;

// Long-running verbs get a young-generation budget for record pipelines; this re-executes the process (same PID) when
// the runtime has to be told through its environment. See YoungGenerationBudget and docs/worker.md, "Tuning".
if (args.Length > 0 && args[0] is "standalone" or "broker")
{
    YoungGenerationBudget.Apply();
}

return await DeltaConnectCli.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
