namespace Mcip.RagPref;

/// <summary>
/// The one exception type the library throws for runtime failures it cannot turn into a result:
/// a missing or corrupt model or store file, a native ONNX Runtime error, a fingerprint mismatch.
/// The message always says what was expected, what was found, and what to do.
/// </summary>
/// <remarks>
/// Argument errors at public entry points throw the usual <see cref="ArgumentException"/> family;
/// domain outcomes (for example a blocked request) are results, never exceptions.
/// </remarks>
public class RagPrefException : Exception
{
    /// <summary>Creates an exception with no message (prefer the overloads that explain the failure).</summary>
    public RagPrefException()
    {
    }

    /// <summary>Creates an exception with a message that says what was expected, what was found and what to do.</summary>
    /// <param name="message">The explanation.</param>
    public RagPrefException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that wraps the failure that caused it.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RagPrefException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception carrying the error code ONNX Runtime reported.</summary>
    /// <param name="message">The explanation, including ONNX Runtime's own message.</param>
    /// <param name="onnxRuntimeErrorCode">The <c>OrtErrorCode</c> value ONNX Runtime returned.</param>
    public RagPrefException(string message, int onnxRuntimeErrorCode)
        : base(message)
    {
        OnnxRuntimeErrorCode = onnxRuntimeErrorCode;
    }

    /// <summary>
    /// The <c>OrtErrorCode</c> ONNX Runtime reported (1 = FAIL, 2 = INVALID_ARGUMENT, 3 = NO_SUCHFILE,
    /// 4 = NO_MODEL, 5 = ENGINE_ERROR, 6 = RUNTIME_EXCEPTION, 7 = INVALID_PROTOBUF, 8 = MODEL_LOADED,
    /// 9 = NOT_IMPLEMENTED, 10 = INVALID_GRAPH, 11 = EP_FAIL, ...), or <see langword="null"/> when the
    /// failure did not come from ONNX Runtime.
    /// </summary>
    public int? OnnxRuntimeErrorCode { get; }
}
