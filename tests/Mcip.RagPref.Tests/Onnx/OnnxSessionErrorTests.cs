using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Onnx;

public sealed class OnnxSessionErrorTests
{
    [Fact]
    public void Create_MissingModelFile_ThrowsNamingThePath()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "model.onnx");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => OnnxSession.Create(missing, OnnxTestAssets.Options()));

        Assert.Contains($"'{missing}' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RandomBytes_ThrowsWithOnnxRuntimeCodeAndMessage()
    {
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        byte[] garbage = new byte[4096];
        new Random(12345).NextBytes(garbage);
        string path = WriteTemp(garbage);
        try
        {
            RagPrefException ex = Assert.Throws<RagPrefException>(() => OnnxSession.Create(path, options));

            Assert.NotNull(ex.OnnxRuntimeErrorCode);
            Assert.NotEqual(0, ex.OnnxRuntimeErrorCode);
            Assert.StartsWith($"Loading the ONNX model '{path}' failed: ONNX Runtime reported ORT_", ex.Message, StringComparison.Ordinal);
            Assert.Contains("re-export or re-download", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_TruncatedModelFile_ThrowsWithOnnxRuntimeCodeAndMessage()
    {
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        byte[] model = File.ReadAllBytes(OnnxTestAssets.TinyBertModel());
        string path = WriteTemp(model.AsSpan(0, model.Length / 2).ToArray());
        try
        {
            RagPrefException ex = Assert.Throws<RagPrefException>(() => OnnxSession.Create(path, options));

            Assert.NotNull(ex.OnnxRuntimeErrorCode);
            Assert.Contains("failed: ONNX Runtime reported ORT_", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_TruncatedModelBytes_ThrowsWithOnnxRuntimeCode()
    {
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        byte[] model = File.ReadAllBytes(OnnxTestAssets.TinyBertModel());

        RagPrefException ex = Assert.Throws<RagPrefException>(() => OnnxSession.Create(model.AsSpan(0, model.Length / 2), options));

        Assert.NotNull(ex.OnnxRuntimeErrorCode);
        Assert.StartsWith("Loading the ONNX model (loaded from", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NegativeIntraOpThreads_ThrowsArgumentOutOfRange()
    {
        OnnxRuntimeOptions options = OnnxTestAssets.Options();
        options.IntraOpThreads = -1;

        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxSession.Create(OnnxTestAssets.TinyBertModel(), options));
    }

    [Fact]
    public void Run_UnknownInputName_ThrowsListingTheModelInputs()
    {
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        long[] shape = [1, 2];

        RagPrefException ex = Assert.Throws<RagPrefException>(() => session.Run([OnnxInput.Int64("ids", new long[2], shape)]));

        Assert.Contains("has no input 'ids'. Its inputs are: input_ids (int64 [-1, -1]), attention_mask", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongElementType_ThrowsNamingBothTypes()
    {
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        long[] shape = [1, 2];

        RagPrefException ex = Assert.Throws<RagPrefException>(() => session.Run([OnnxInput.Int32("input_ids", new int[2], shape)]));

        Assert.Contains("is declared as int64, but int32 data was given", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ShapeOfWrongRank_ThrowsNamingBothShapes()
    {
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        long[] shape = [2];

        RagPrefException ex = Assert.Throws<RagPrefException>(() => session.Run([OnnxInput.Int64("input_ids", new long[2], shape)]));

        Assert.Contains("has shape [-1, -1] (−1 = any), but shape [2] was given", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ShapeProductDiffersFromData_Throws()
    {
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        long[] shape = [1, 3];

        RagPrefException ex = Assert.Throws<RagPrefException>(() => session.Run([OnnxInput.Int64("input_ids", new long[2], shape)]));

        Assert.Contains("holds 3 elements, but 2 were given", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingRequiredInput_ThrowsWithOnnxRuntimeCode()
    {
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        long[] shape = [1, 2];

        RagPrefException ex = Assert.Throws<RagPrefException>(() => session.Run([OnnxInput.Int64("input_ids", new long[] { 101, 102 }, shape)]));

        Assert.NotNull(ex.OnnxRuntimeErrorCode);
        Assert.StartsWith("Running the ONNX model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOutputName_ThrowsListingTheModelOutputs()
    {
        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());

        RagPrefException ex = Assert.Throws<RagPrefException>(
            () => session.Run(OnnxSessionTests.Inputs([101, 102], 1, 2), ["pooler_output"]));

        Assert.Contains("has no output 'pooler_output'. Its outputs are: last_hidden_state (float [-1, -1, 32])", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AfterDispose_ThrowsObjectDisposed()
    {
        OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(OnnxSessionTests.Inputs([101, 102], 1, 2)));
    }

    private static string WriteTemp(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"bad-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
