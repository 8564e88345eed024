using System.CommandLine;
using System.Globalization;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Scoring;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref calibrate --data FILE --target-fpr 0.01 [--flag-fpr F] [--store STORE]</c>: scores labelled data,
/// fits the Block threshold at the target false-positive rate and the Flag threshold at the (looser) flag rate, per
/// surface where a surface has enough benign items, and saves them in the store's metadata.
/// </summary>
internal static class CalibrateCommand
{
    /// <summary>
    /// Benign items a surface needs before thresholds are fitted for it: 20, the guard's own rule for its default
    /// thresholds (a test keeps the two equal); a surface with fewer is left as it was.
    /// </summary>
    internal const int MinBenignPerSurface = 20;

    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var guards = new CliGuards();
        var data = new Option<string[]>("--data", "-d") { Description = "Labelled JSON Lines file(s) to fit on (benign items set the thresholds).", Required = true };
        var target = new Option<double>("--target-fpr") { Description = "False-positive rate of the Block threshold on the benign items. Default 0.01.", DefaultValueFactory = _ => 0.01 };
        var flagFpr = new Option<double?>("--flag-fpr") { Description = "False-positive rate of the Flag threshold. Default: 5 x --target-fpr (at most 0.5)." };
        var command = new Command("calibrate", "Fit Flag/Block thresholds on labelled data for a target false-positive rate and save them with the store.") { data, target, flagFpr };
        guards.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            double blockRate = parse.GetValue(target);
            double flagRate = parse.GetValue(flagFpr) ?? Math.Min(0.5, blockRate * 5);
            if (blockRate is <= 0 or >= 1 || flagRate is <= 0 or >= 1 || flagRate < blockRate)
            {
                throw new CliUsageException($"--target-fpr ({blockRate}) and --flag-fpr ({flagRate}) must be between 0 and 1, with the flag rate at least the target.");
            }

            List<LabelledItem> items = [.. (parse.GetValue(data) ?? []).SelectMany(LabelledItem.ReadFile)];
            GuardOptions options = guards.ReadOptions(parse);
            using RagPrefGuard guard = await guards.OpenAsync(parse, options, cancellationToken).ConfigureAwait(false);
            var benignBySurface = new Dictionary<GuardSurface, List<double>>();
            var allBenign = new List<double>();
            var progress = new ConsoleProgress(console, "calibrating", "items scored");
            for (int i = 0; i < items.Count; i++)
            {
                GuardResult result = await guard.GuardAsync(items[i].Request, cancellationToken).ConfigureAwait(false);
                if (!items[i].IsAttack)
                {
                    allBenign.Add(result.Score);
                    if (!benignBySurface.TryGetValue(result.Surface, out List<double>? list))
                    {
                        benignBySurface[result.Surface] = list = [];
                    }

                    list.Add(result.Score);
                }

                progress.Report(new Stores.StoreBuildProgress(i + 1, items.Count));
            }

            progress.Finish();
            if (allBenign.Count == 0)
            {
                throw new RagPrefException("The data holds no benign items: thresholds are fitted on benign scores, so include benign requests.");
            }

            // Each surface is fitted on its own benign items only: a prompt's scores say nothing about a tool description's.
            int fitted = 0;
            foreach (GuardSurface surface in Enum.GetValues<GuardSurface>())
            {
                int count = benignBySurface.TryGetValue(surface, out List<double>? own) ? own.Count : 0;
                if (count < MinBenignPerSurface)
                {
                    await console.Out.WriteLineAsync($"{GuardNames.Surface(surface),-17} not fitted: {count} benign item(s) of this surface, {MinBenignPerSurface} needed; it keeps its thresholds").ConfigureAwait(false);
                    continue;
                }

                SurfacePolicy policy = Fit(own!, flagRate, blockRate);
                guard.SaveThresholds(surface, policy);
                fitted++;
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{GuardNames.Surface(surface),-17} flag >= {policy.FlagThreshold:F4}  block >= {policy.BlockThreshold:F4}  ({count} benign items)")).ConfigureAwait(false);
            }

            if (fitted == 0)
            {
                throw new RagPrefException(
                    $"No surface has the {MinBenignPerSurface} benign items a fit needs ({string.Join(", ", Enum.GetValues<GuardSurface>().Select(s => $"{GuardNames.Surface(s)} {(benignBySurface.TryGetValue(s, out List<double>? l) ? l.Count : 0)}"))}); "
                    + "nothing was saved. Add benign items with their \"surface\" field to the data.");
            }

            string path = parse.GetValue(guards.Store) is string p ? Path.GetFullPath(p) : RagPrefGuard.DefaultStorePath(guard.Store.Fingerprint);
            guard.Store.Save(path);
            await console.Error.WriteLineAsync($"thresholds saved in {path}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static SurfacePolicy Fit(List<double> benign, double flagRate, double blockRate)
    {
        double[] scores = [.. benign];
        float flag = ThresholdFit.Fit(scores, flagRate).SingleThreshold;
        float block = ThresholdFit.Fit(scores, blockRate).SingleThreshold;
        return new SurfacePolicy(flag, Math.Max(flag, block));
    }
}
