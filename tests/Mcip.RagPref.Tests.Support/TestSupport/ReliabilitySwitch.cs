using System.Globalization;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// The switches of the long reliability runs (README, "Reliability"): each is an environment variable holding a count
/// or a duration; the run is skipped, with the variable named, when it is not set.
/// </summary>
internal static class ReliabilitySwitch
{
    /// <summary>The positive number in <paramref name="variable"/>, or a skip naming it.</summary>
    public static double Require(string variable, string what)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            Assert.Skip($"Long reliability run: set {variable} to {what} to run it (README, Reliability).");
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0))
        {
            Assert.Fail($"{variable} is '{text}'; set it to {what} (a positive number).");
        }

        return value;
    }

    /// <summary>Writes a run's counts where the test log shows them (run with --logger "console;verbosity=detailed").</summary>
    public static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.Error.WriteLine(line);
        string? log = Environment.GetEnvironmentVariable("RAGPREF_RELIABILITY_LOG");
        if (!string.IsNullOrEmpty(log))
        {
            File.AppendAllText(log, line + Environment.NewLine);
        }
    }
}
