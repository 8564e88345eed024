using System.Globalization;
using System.Text;
using Mcip.RagPref.SeedGenerator;

// Usage: dotnet run --project eng/SeedGenerator -- [--out DIR] [--seed N] [--check]
const ulong DefaultSeed = 20261205;
string? outDir = null;
ulong seed = DefaultSeed;
bool check = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length:
            outDir = args[++i];
            break;
        case "--seed" when i + 1 < args.Length:
            seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--check":
            check = true;
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'. Usage: SeedGenerator [--out DIR] [--seed N] [--check]");
            return 2;
    }
}

string root = RepositoryRoot.Find();
string output = Path.GetFullPath(outDir ?? Path.Combine(root, "embeddings", "generated"));
var items = Generator.Build(seed);
var files = Generator.Render(items, seed);
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

if (!check)
{
    foreach ((string relative, string content) in files)
    {
        string path = Path.Combine(output, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = path + ".tmp";
        File.WriteAllText(temp, content, utf8);
        File.Move(temp, path, overwrite: true);
    }

    Console.Write(files["counts.md"]);
    Console.WriteLine($"\nwrote {files.Count} files ({items.Count} items, seed {seed}) to {output}");
    return 0;
}

var problems = new List<string>();
foreach ((string relative, string content) in files)
{
    string path = Path.Combine(output, relative);
    if (!File.Exists(path))
    {
        problems.Add($"{relative}: missing; run the generator without --check");
        continue;
    }

    byte[] actual = File.ReadAllBytes(path);
    byte[] expected = utf8.GetBytes(content);
    if (!actual.AsSpan().SequenceEqual(expected))
    {
        problems.Add($"{relative}: differs from what seed {seed} generates ({actual.Length} bytes on disk, {expected.Length} generated); regenerate or revert the hand edit");
    }
}

if (Directory.Exists(output))
{
    foreach (string path in Directory.GetFiles(output, "*.jsonl", SearchOption.AllDirectories))
    {
        string relative = Path.GetRelativePath(output, path).Replace('\\', '/');
        if (!files.ContainsKey(relative))
        {
            problems.Add($"{relative}: not produced by the generator; delete it");
        }
    }
}

problems.AddRange(Checker.Validate(Path.Combine(root, "embeddings", "seed"), output));
if (problems.Count > 0)
{
    Console.Error.WriteLine($"check FAILED: {problems.Count} problem(s)");
    foreach (string p in problems.Take(50))
    {
        Console.Error.WriteLine("  " + p);
    }

    return 1;
}

Console.WriteLine($"check passed: {files.Count} files byte-identical to seed {seed}; {items.Count} generated items valid; ids unique across embeddings/seed and {Path.GetRelativePath(root, output)}");
return 0;
