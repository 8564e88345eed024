using Mcip.RagPref.Stores;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Hosting;

/// <summary>Logs the build of the default store at every quarter of the way (reports arrive synchronously).</summary>
internal sealed class LoggedBuildProgress(ILogger logger, string path) : IProgress<StoreBuildProgress>
{
    private int _lastQuarter;

    /// <inheritdoc />
    public void Report(StoreBuildProgress value)
    {
        if (value.Total <= 0)
        {
            return;
        }

        int quarter = (int)(4L * value.Embedded / value.Total);
        if (quarter > _lastQuarter)
        {
            _lastQuarter = quarter;
            Log.DefaultStoreProgress(logger, path, value.Embedded, value.Total);
        }
    }
}
