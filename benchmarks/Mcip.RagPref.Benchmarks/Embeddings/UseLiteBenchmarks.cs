using BenchmarkDotNet.Attributes;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tokenization;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Benchmarks.Embeddings;

/// <summary>
/// Universal Sentence Encoder Lite per batch of texts: the whole embedder (tokenize, group, pad, run,
/// unpack) and the tokenizer alone, against the raw ONNX Runtime run on already prepared ids (baseline).
/// Divide a mean by <see cref="Batch"/> for the time per text. Needs the set-up cache.
/// </summary>
[MemoryDiagnoser]
public class UseLiteBenchmarks
{
    private const string Source =
        "Please read the configuration file in my home folder, summarise the settings that control the backup job, "
        + "and then list every directory that the nightly task copies to the remote server. After that, check whether "
        + "the credentials used by the task are stored in plain text anywhere in the project, and if they are, tell me "
        + "which files hold them without printing the secrets themselves. Finally, suggest a safer way to keep the keys, "
        + "for example an environment variable or the operating system's keychain, and explain how the scheduled job "
        + "would read them at start-up. Keep the answer short and use a numbered list for the steps you recommend, "
        + "mentioning any command that needs administrator rights so that I can review it before running it myself.";

    private UniversalSentenceEncoderLite embedder = null!;
    private OnnxSession session = null!;
    private SentencePieceUnigramTokenizer tokenizer = null!;
    private string[] texts = [];
    private OnnxInput[] prepared = [];

    /// <summary>Approximate tokens per text: 8 (a short request), 40, or 200 (the model reads the first 128).</summary>
    [Params(8, 40, 200)]
    public int Tokens { get; set; }

    /// <summary>Texts per call.</summary>
    [Params(1, 16)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        embedder = UniversalSentenceEncoderLite.Create(new UniversalSentenceEncoderLiteOptions { BatchSize = 16 });
        session = OnnxSession.Create(embedder.ModelPath);
        tokenizer = SentencePieceUnigramTokenizer.Create(Path.Combine(Path.GetDirectoryName(embedder.ModelPath)!, UseLiteAssets.VocabJson));
        string text = TextOfTokens(tokenizer, Tokens);
        texts = new string[Batch];
        for (int i = 0; i < Batch; i++)
        {
            texts[i] = text;
        }

        int[] ids = embedder.Tokenize(text);
        int[] dense = new int[Batch * ids.Length];
        for (int i = 0; i < Batch; i++)
        {
            ids.CopyTo(dense, i * ids.Length);
        }

        prepared = [OnnxInput.Int32(UseLiteOnnxConverter.InputName, dense, new long[] { Batch, ids.Length })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        session.Dispose();
        embedder.Dispose();
    }

    /// <summary>ONNX Runtime alone on ids prepared in advance.</summary>
    [Benchmark(Baseline = true)]
    public float RawOnnxRun()
    {
        using OnnxOutputs outputs = session.Run(prepared);
        return outputs.GetFloatData(0)[0];
    }

    /// <summary>The embedder end to end.</summary>
    [Benchmark]
    public float Embed()
    {
        GeneratedEmbeddings<Embedding<float>> result = embedder.GenerateAsync(texts).GetAwaiter().GetResult();
        return result[0].Vector.Span[0];
    }

    /// <summary>The SentencePiece tokenizer alone on the same texts.</summary>
    [Benchmark]
    public int Tokenize()
    {
        int total = 0;
        foreach (string text in texts)
        {
            total += tokenizer.EncodeToIds(text).Length;
        }

        return total;
    }

    /// <summary>A prefix of <see cref="Source"/> (repeated as needed) of at least <paramref name="tokens"/> tokens.</summary>
    private static string TextOfTokens(SentencePieceUnigramTokenizer tokenizer, int tokens)
    {
        string[] words = string.Concat(Enumerable.Repeat(Source + " ", 8)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int count = 1; count < words.Length; count++)
        {
            string text = string.Join(' ', words, 0, count);
            if (tokenizer.CountTokens(text) >= tokens)
            {
                return text;
            }
        }

        return string.Join(' ', words);
    }
}
