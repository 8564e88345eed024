using System.Globalization;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// Shows embedding progress on standard error: a redrawn bar on a terminal, or a plain line every
/// tenth of the way when standard error is redirected. Reports arrive synchronously from the build.
/// </summary>
internal sealed class ConsoleProgress(CliConsole console, string label) : IProgress<StoreBuildProgress>
{
    private const int BarWidth = 30;
    private int _lastTenth = -1;
    private bool _drawn;

    /// <inheritdoc />
    public void Report(StoreBuildProgress value)
    {
        if (value.Total <= 0)
        {
            return;
        }

        int tenth = (int)(10L * value.Embedded / value.Total);
        if (console.IsErrorRedirected)
        {
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {value.Embedded}/{value.Total}"));
            }

            return;
        }

        int filled = (int)((long)BarWidth * value.Embedded / value.Total);
        string bar = new string('#', filled) + new string('.', BarWidth - filled);
        console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{label} [{bar}] {value.Embedded}/{value.Total}"));
        _drawn = true;
        if (value.Embedded >= value.Total)
        {
            Finish();
        }
    }

    /// <summary>Ends the bar's line if one is drawn.</summary>
    public void Finish()
    {
        if (_drawn)
        {
            console.Error.WriteLine();
            _drawn = false;
        }
    }
}
