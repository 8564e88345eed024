using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings.UseLite;

/// <summary>
/// Class fixture: the model converted once into a temporary copy of the cached files, and an ONNX Runtime
/// session on it. Created on first use, so a test without the cache is skipped rather than failed.
/// </summary>
public sealed class ConvertedUseLiteModel : IDisposable
{
    private readonly Lock gate = new();
    private UseLiteModelCopy? copy;
    private OnnxSession? session;

    /// <summary>The folder holding the converted model.onnx.</summary>
    public string Directory
    {
        get
        {
            EnsureCreated();
            return copy!.Directory;
        }
    }

    /// <summary>The session on the converted model.</summary>
    internal OnnxSession Session
    {
        get
        {
            EnsureCreated();
            return session!;
        }
    }

    /// <summary>Runs the model on dense ids [rows, columns] (padding -1) and returns the [rows, 512] output.</summary>
    public float[] Run(int[] ids, int rows, int columns)
    {
        using OnnxOutputs outputs = Session.Run([OnnxInput.Int32(UseLiteOnnxConverter.InputName, ids, new long[] { rows, columns })]);
        Assert.Equal([(long)rows, 512L], outputs.GetShape(0).ToArray());
        return outputs.GetFloatData(0).ToArray();
    }

    public void Dispose()
    {
        session?.Dispose();
        copy?.Dispose();
    }

    private void EnsureCreated()
    {
        lock (gate)
        {
            if (session is not null)
            {
                return;
            }

            OnnxRuntimeOptions options = OnnxTestAssets.Options();
            copy = UseLiteModelCopy.Create();
            string path = UseLiteOnnxConverter.ConvertToFile(copy.Directory);
            session = OnnxSession.Create(path, options);
        }
    }
}
