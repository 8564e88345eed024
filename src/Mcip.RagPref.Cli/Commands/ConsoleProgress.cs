using System.Globalization;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// Shows progress on standard error (never standard output, which carries data): <c>LABEL: n/N WHAT, R/s, ~S s left</c>,
/// with the rate since the start. On a terminal the line is a bar redrawn at most every <see cref="RedrawInterval"/>;
/// when standard error is redirected (a CI log, a file) a plain line is written at most every <see cref="LineInterval"/>.
/// Either way the last report (n = N) is always shown, with the total time. Thread-safe.
/// </summary>
internal sealed class ConsoleProgress : IProgress<StoreBuildProgress>
{
    /// <summary>The least time between two lines when standard error is redirected.</summary>
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    /// <summary>The least time between two redraws of the bar on a terminal.</summary>
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private const int BarWidth = 30;
    private readonly CliConsole _console;
    private readonly string _label;
    private readonly string _what;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _gate = new();
    private long _lastShown;
    private int _drawnLength;
    private bool _finished;

    /// <summary>Starts the clock of the rate.</summary>
    /// <param name="console">Where to write (its standard error).</param>
    /// <param name="label">What is in progress, for example <c>store</c> or a data file's name.</param>
    /// <param name="what">What the counts count, for example <c>texts embedded</c> or <c>items scored</c>.</param>
    /// <param name="time">The clock; <see langword="null"/> for the system clock.</param>
    public ConsoleProgress(CliConsole console, string label, string what = "done", TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        _console = console;
        _label = label;
        _what = what;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        _lastShown = _started;
    }

    /// <inheritdoc />
    public void Report(StoreBuildProgress value)
    {
        if (value.Total <= 0)
        {
            return;
        }

        lock (_gate)
        {
            bool last = value.Embedded >= value.Total;
            long now = _time.GetTimestamp();
            if (last ? _finished : _time.GetElapsedTime(_lastShown, now) < (_console.IsErrorRedirected ? LineInterval : RedrawInterval))
            {
                return;
            }

            _finished = last;

            _lastShown = now;
            string line = Line(value, _time.GetElapsedTime(_started, now), last);
            if (_console.IsErrorRedirected)
            {
                _console.Error.WriteLine(line);
                return;
            }

            int filled = (int)((long)BarWidth * value.Embedded / value.Total);
            string bar = string.Concat("\r", new string('#', filled), new string('.', BarWidth - filled), " ", line);
            // Pad over the rest of a longer previous line.
            _console.Error.Write(bar.PadRight(Math.Max(bar.Length, _drawnLength)));
            _drawnLength = bar.Length;
            if (last)
            {
                FinishLocked();
            }
        }
    }

    /// <summary>Ends the bar's line if one is drawn (call it when the work ends early or its last report is uncertain).</summary>
    public void Finish()
    {
        lock (_gate)
        {
            FinishLocked();
        }
    }

    private void FinishLocked()
    {
        if (_drawnLength > 0)
        {
            _console.Error.WriteLine();
            _drawnLength = 0;
        }
    }

    private string Line(StoreBuildProgress value, TimeSpan elapsed, bool last)
    {
        double seconds = elapsed.TotalSeconds;
        double rate = seconds > 0 ? value.Embedded / seconds : double.NaN;
        string text = string.Create(CultureInfo.InvariantCulture, $"{_label}: {value.Embedded}/{value.Total} {_what}");
        if (double.IsNaN(rate) || value.Embedded == 0)
        {
            return text;
        }

        text += string.Create(CultureInfo.InvariantCulture, $", {Rate(rate)}/s");
        return last
            ? text + string.Create(CultureInfo.InvariantCulture, $", {seconds:0.0} s")
            : text + string.Create(CultureInfo.InvariantCulture, $", ~{Math.Ceiling((value.Total - value.Embedded) / rate):0} s left");
    }

    private static string Rate(double rate) =>
        rate.ToString(rate < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
