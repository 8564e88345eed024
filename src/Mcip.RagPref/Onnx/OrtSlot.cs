namespace Mcip.RagPref.Onnx;

/// <summary>
/// Indexes (0-based) into the <c>OrtApi</c> function table for the functions this binding calls. The table
/// only ever grows at the end, so an index never changes between ONNX Runtime versions; every function here
/// exists since C API version 1 (checked against the 1.30 header; see <c>OrtApiTests</c>).
/// </summary>
internal static class OrtSlot
{
    public const int CreateStatus = 0;
    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnv = 3;
    public const int CreateSession = 7;
    public const int CreateSessionFromArray = 8;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SetInterOpNumThreads = 25;
    public const int SessionGetInputCount = 30;
    public const int SessionGetOutputCount = 31;
    public const int SessionGetInputTypeInfo = 33;
    public const int SessionGetOutputTypeInfo = 34;
    public const int SessionGetInputName = 36;
    public const int SessionGetOutputName = 37;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int GetTensorMutableData = 51;
    public const int CastTypeInfoToTensorInfo = 55;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int GetTensorTypeAndShape = 65;
    public const int CreateCpuMemoryInfo = 69;
    public const int AllocatorFree = 76;
    public const int GetAllocatorWithDefaultOptions = 78;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseMemoryInfo = 94;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseTypeInfo = 98;
    public const int ReleaseTensorTypeAndShapeInfo = 99;
    public const int ReleaseSessionOptions = 100;
}
