using Mcip.RagPref.Onnx;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Onnx;

/// <summary>Checks the status slots (CreateStatus 0, GetErrorCode 1, GetErrorMessage 2, ReleaseStatus 93) against the real library.</summary>
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
}
