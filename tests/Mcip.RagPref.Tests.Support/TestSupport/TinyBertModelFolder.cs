namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// A temporary model folder holding tiny-bert-random.onnx as model.onnx and the all-MiniLM-L6-v2 vocab.txt
/// (optionally without one of them); deleted on dispose. Skips the test when shared/ is absent.
/// </summary>
internal sealed class TinyBertModelFolder : IDisposable
{
    public TinyBertModelFolder(bool withModel = true, bool withVocabulary = true)
    {
        string model = OnnxTestAssets.TinyBertModel();
        string vocabulary = OnnxTestAssets.MiniLmVocabulary();
        Path = Directory.CreateTempSubdirectory("tiny-bert").FullName;
        if (withModel)
        {
            File.Copy(model, System.IO.Path.Combine(Path, "model.onnx"));
        }

        if (withVocabulary)
        {
            File.Copy(vocabulary, System.IO.Path.Combine(Path, "vocab.txt"));
        }
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The path of a file in the folder.</summary>
    public string FilePath(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
