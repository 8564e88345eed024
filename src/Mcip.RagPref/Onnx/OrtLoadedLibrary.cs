namespace Mcip.RagPref.Onnx;

/// <summary>A native ONNX Runtime library that loaded and offered the C API version asked for.</summary>
/// <param name="Location">The path loaded, or the bare name the system loader resolved.</param>
/// <param name="Handle">The <see cref="System.Runtime.InteropServices.NativeLibrary"/> handle (kept for the process lifetime).</param>
/// <param name="ApiTable">The <c>const OrtApi*</c> that <c>GetApi</c> returned.</param>
/// <param name="Version">The library's own version string (<c>GetVersionString</c>), for example <c>1.30.0</c>.</param>
internal sealed record OrtLoadedLibrary(string Location, nint Handle, nint ApiTable, string Version);
