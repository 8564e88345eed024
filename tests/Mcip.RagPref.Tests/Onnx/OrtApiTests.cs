using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Onnx;

/// <summary>
/// Checks the status slots (CreateStatus 0, GetErrorCode 1, GetErrorMessage 2, ReleaseStatus 93) and the environment
/// and memory-info slots (CreateEnv 3, ReleaseEnv 92, CreateCpuMemoryInfo 69, ReleaseMemoryInfo 94) against the real library.
/// </summary>
public sealed class OrtApiTests
{
    [Fact]
    public void CreateStatus_CodeAndMessage_ReadBackByGetErrorCodeAndMessage()
    {
        OrtApi api = OrtRuntime.Get(OnnxTestAssets.RuntimeLibrary()).Api;

        nint status = api.CreateStatus(7, "protobuf é broken");
        try
        {
            Assert.NotEqual(0, status);
            Assert.Equal(7, api.GetErrorCode(status));
            Assert.Equal("protobuf é broken", api.GetErrorMessage(status));
        }
        finally
        {
            api.ReleaseStatus(status);
        }
    }

    [Fact]
    public void ThrowIfFailed_FailedStatus_ThrowsWithCodeMessageAndAdvice()
    {
        OrtApi api = OrtRuntime.Get(OnnxTestAssets.RuntimeLibrary()).Api;
        nint status = api.CreateStatus(3, "no such file: x.onnx");

        RagPrefException ex = Assert.Throws<RagPrefException>(() => api.ThrowIfFailed(status, "Loading the model", "Check the path"));

        Assert.Equal(3, ex.OnnxRuntimeErrorCode);
        Assert.Equal("Loading the model failed: ONNX Runtime reported ORT_NO_SUCHFILE (code 3): no such file: x.onnx. Check the path", ex.Message);
    }

    [Fact]
    public void ThrowIfFailed_NullStatus_DoesNothing()
    {
        OrtApi api = OrtRuntime.Get(OnnxTestAssets.RuntimeLibrary()).Api;

        api.ThrowIfFailed(0, "Anything");
    }

    [Fact]
    public void CreateEnvAndCpuMemoryInfo_ReleasedThroughTheirSlots_LeaveTheSharedRuntimeWorking()
    {
        OrtRuntime runtime = OrtRuntime.Get(OnnxTestAssets.RuntimeLibrary());
        OrtApi api = runtime.Api;

        // ONNX Runtime keeps one reference-counted environment per process: a second CreateEnv adds a reference
        // and its release drops it, so the shared environment survives.
        using (OrtHandle env = api.CreateEnv(3, "slot-test"))
        using (OrtHandle memoryInfo = api.CreateCpuMemoryInfo())
        {
            Assert.False(env.IsInvalid);
            Assert.False(memoryInfo.IsInvalid);
        }

        using OnnxSession session = OnnxSession.Create(OnnxTestAssets.TinyBertModel(), OnnxTestAssets.Options());
        using OnnxOutputs outputs = session.Run(OnnxSessionTests.Inputs([101, 102], 1, 2));
        Assert.Equal([1L, 2L, 32L], outputs.GetShape(0).ToArray());
    }
}
