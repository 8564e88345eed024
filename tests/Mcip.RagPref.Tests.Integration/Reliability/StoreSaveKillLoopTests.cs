using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Reliability;

/// <summary>
/// The kill-during-save loop (switch <c>RAGPREF_KILL_LOOP=N</c>): a child process saves two stores over one path in a
/// loop and is killed with SIGKILL at a random moment, N times. After every kill a load of the path must give the old or
/// the new store, complete (never an error, never a mix), and must delete the temporary file the killed save left.
/// </summary>
public sealed class StoreSaveKillLoopTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ragpref-kill-loop-{Guid.NewGuid():N}");

    public StoreSaveKillLoopTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The child's dll next to the test build (same configuration).</summary>
    private static string SaveLoopDll
    {
        get
        {
            string configuration = typeof(StoreSaveKillLoopTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(SharedAssets.RepositoryRoot, "tests", "Mcip.RagPref.SaveLoop", "bin", configuration, "net10.0", "Mcip.RagPref.SaveLoop.dll");
        }
    }

    [Fact]
    public async Task SaveLoop_KilledAtRandomMoments_EveryLoadIsTheOldOrNewStoreAndTempFilesAreDeleted()
    {
        int kills = (int)ReliabilitySwitch.Require("RAGPREF_KILL_LOOP", "the number of kills (for example 1000)");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var generator = new HashingEmbeddingGenerator(dimensions: 384);
        string a = Path.Combine(_folder, "a.rpstore");
        string b = Path.Combine(_folder, "b.rpstore");
        string target = Path.Combine(_folder, "target.rpstore");
        int countA = await SaveVariantAsync(generator, a, "A", 400);
        int countB = await SaveVariantAsync(generator, b, "B", 440);
        File.Copy(a, target);

        var random = new Random(13);
        int loadsOld = 0, loadsA = 0, loadsB = 0, corrupt = 0, tempFound = 0, killsMidSave = 0, tempLeft = 0;
        string? previous = "A";
        var problems = new List<string>();
        var clock = Stopwatch.StartNew();
        for (int kill = 0; kill < kills; kill++)
        {
            using (Process child = await StartChildAsync(target, a, b, ct))
            {
                // Anywhere from the first save to well into the loop; a quarter of the kills within the first 5 ms.
                int delay = random.Next(4) == 0 ? random.Next(6) : random.Next(5, 120);
                await Task.Delay(delay, ct);
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(ct);
            }

            int temps = TempFiles(target);
            tempFound += temps;
            killsMidSave += temps > 0 ? 1 : 0;
            try
            {
                using ExampleStore loaded = ExampleStore.Load(target, generator.Fingerprint);
                string variant = loaded.Metadata["variant"];
                int expected = variant == "A" ? countA : countB;
                if (loaded.Count != expected)
                {
                    corrupt++;
                    problems.Add($"kill {kill}: variant {variant} with {loaded.Count} rows, expected {expected}");
                }

                loadsA += variant == "A" ? 1 : 0;
                loadsB += variant == "B" ? 1 : 0;
                loadsOld += variant == previous ? 1 : 0;
                previous = variant;
            }
            catch (RagPrefException ex)
            {
                corrupt++;
                problems.Add($"kill {kill}: {ex.Message}");
            }

            int left = TempFiles(target);
            tempLeft += left;
            if (left > 0)
            {
                problems.Add($"kill {kill}: {left} temporary files left after the next load");
            }
        }

        ReliabilitySwitch.Report(string.Create(
            CultureInfo.InvariantCulture,
            $"kill loop: {kills} SIGKILLs in {clock.Elapsed.TotalSeconds:F0} s; loads: {kills - corrupt} complete ({loadsA} store A, {loadsB} store B; "
            + $"{loadsOld} the same as after the previous kill), {corrupt} corrupt or failed; temporary files after a kill: {tempFound} "
            + $"(in {killsMidSave} kills), left after the next load: {tempLeft}."));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(20)));
        Assert.Equal(0, tempLeft);
    }

    private static async Task<Process> StartChildAsync(string target, string a, string b, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { SaveLoopDll, target, a, b })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var child = Process.Start(start)!;
        string? line = await child.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), ct);
        if (line != "ready")
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"the save loop did not start ({SaveLoopDll}): {line} {await child.StandardError.ReadToEndAsync(ct)}");
        }

        return child;
    }

    private static int TempFiles(string target) =>
        Directory.GetFiles(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.*.tmp").Length;

    private static async Task<int> SaveVariantAsync(HashingEmbeddingGenerator generator, string path, string variant, int rows)
    {
        var inputs = new List<ExampleInput>(rows);
        for (int i = 0; i < rows; i++)
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"example {i} of store {variant}: copy the report number {i * 7919 % 1000} to the shared folder {i % 13}");
            inputs.Add(new ExampleInput(text, i % 3 == 0 ? ExampleLabel.Attack : ExampleLabel.Benign) { Id = $"{variant}{i}" });
        }

        using ExampleStore store = await ExampleStore.BuildAsync(
            inputs, generator, new ExampleStoreOptions { Units = StoreUnits.None }, cancellationToken: TestContext.Current.CancellationToken);
        store.SetMetadata("variant", variant);
        store.Save(path);
        return store.Count;
    }
}
