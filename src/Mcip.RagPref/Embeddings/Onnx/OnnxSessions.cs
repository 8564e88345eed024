using Microsoft.ML.OnnxRuntime;

namespace Mcip.RagPref.Embeddings.Onnx;

/// <summary>
/// Opens ONNX Runtime sessions with the project's settings and turns ONNX Runtime's failures into
/// <see cref="RagPrefException"/>s that say what was expected and what to do.
/// </summary>
internal static class OnnxSessions
{
    /// <summary>Opens a session over the model file at <paramref name="path"/>.</summary>
    /// <exception cref="RagPrefException">The file is missing, or ONNX Runtime rejects it.</exception>
    public static InferenceSession Open(string path, BertOnnxEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new RagPrefException($"The ONNX model '{path}' was not found. Expected a model file exported to ONNX; check the path.");
        }

        return Open(options, path, so => new InferenceSession(path, so));
    }

    /// <summary>Opens a session over a model held in memory; <paramref name="description"/> names it in messages.</summary>
    /// <exception cref="RagPrefException">ONNX Runtime rejects the model.</exception>
    public static InferenceSession Open(byte[] model, string description, BertOnnxEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Open(options, description, so => new InferenceSession(model, so));
    }

    /// <summary>Checks the session settings of <paramref name="options"/>; throws naming the bad setting.</summary>
    public static void Validate(BertOnnxEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads, "options.IntraOpThreads");
    }

    private static InferenceSession Open(BertOnnxEmbeddingGeneratorOptions options, string description, Func<SessionOptions, InferenceSession> create)
    {
        Validate(options);
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.EnableGraphOptimization ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            return create(sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new RagPrefException(
                $"ONNX Runtime could not load the model {description}: {ex.Message} Expected a valid ONNX model (opset supported by ONNX Runtime "
                + "1.32); check that the file is complete and is an ONNX export of the encoder.",
                ex);
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new RagPrefException(
                $"The ONNX Runtime native library could not be loaded for the model {description} ({ex.GetBaseException().Message}). It comes with the "
                + "Microsoft.ML.OnnxRuntime package: make sure the application is published for a runtime the package supports (for example linux-x64, "
                + "win-x64, osx-arm64) and that runtimes/<rid>/native is deployed beside it.",
                ex);
        }
    }
}
