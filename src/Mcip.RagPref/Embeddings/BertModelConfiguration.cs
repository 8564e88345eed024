using System.Text.Json;

namespace Mcip.RagPref.Embeddings;

/// <summary>
/// What a model's own configuration files say about how to embed with it: the sequence length it was trained with
/// (<c>sentence_bert_config.json</c> <c>max_seq_length</c>), its position limit (<c>config.json</c>
/// <c>max_position_embeddings</c>), its pooling (<c>1_Pooling/config.json</c>, or <c>pooling_config.json</c>) and the
/// prompt it puts before every text (<c>config_sentence_transformers.json</c>: the prompt named by
/// <c>default_prompt_name</c>). Absent files mean the usual BERT defaults: mean pooling, no prompt, no limit.
/// </summary>
internal sealed record BertModelConfiguration(int? MaxSequenceLength, int? MaxPositions, BertPooling? Pooling, string? Prompt)
{
    /// <summary>The pooling configuration paths tried, in order.</summary>
    public static readonly string[] PoolingFiles = ["1_Pooling/config.json", "pooling_config.json"];

    /// <summary>Reads the configuration files <paramref name="files"/> has.</summary>
    /// <exception cref="RagPrefException">A file is not valid JSON, or declares a pooling this library does not implement.</exception>
    public static BertModelConfiguration Read(ModelFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        int? maxSequence = null;
        int? maxPositions = null;
        BertPooling? pooling = null;
        string? prompt = null;
        Visit(files, "sentence_bert_config.json", root => maxSequence = PositiveInt(root, "max_seq_length"));
        Visit(files, "config.json", root => maxPositions = PositiveInt(root, "max_position_embeddings"));
        foreach (string path in PoolingFiles)
        {
            if (files.Exists(path))
            {
                Visit(files, path, root => pooling = ReadPooling(root, files, path));
                break;
            }
        }

        Visit(files, "config_sentence_transformers.json", root => prompt = ReadPrompt(root));
        return new BertModelConfiguration(maxSequence, maxPositions, pooling, prompt);
    }

    private static void Visit(ModelFiles files, string path, Action<JsonElement> read)
    {
        if (!files.Exists(path))
        {
            return;
        }

        try
        {
            using Stream stream = files.Open(path);
            using JsonDocument document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RagPrefException($"'{path}' of the model {files.Description} must hold a JSON object, but it holds a {document.RootElement.ValueKind}. Fix or remove the file.");
            }

            read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new RagPrefException($"'{path}' of the model {files.Description} is not valid JSON ({ex.Message}). Expected the model's own configuration file; fix or remove it.", ex);
        }
    }

    private static int? PositiveInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) && number >= 2
            ? number
            : null;

    private static BertPooling? ReadPooling(JsonElement root, ModelFiles files, string path)
    {
        var modes = new List<BertPooling>();
        var unsupported = new List<string>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!property.Name.StartsWith("pooling_mode_", StringComparison.Ordinal) || property.Value.ValueKind != JsonValueKind.True)
            {
                continue;
            }

            switch (property.Name)
            {
                case "pooling_mode_mean_tokens":
                    modes.Add(BertPooling.Mean);
                    break;
                case "pooling_mode_cls_token":
                    modes.Add(BertPooling.Cls);
                    break;
                case "pooling_mode_max_tokens":
                    modes.Add(BertPooling.Max);
                    break;
                default:
                    unsupported.Add(property.Name);
                    break;
            }
        }

        if (unsupported.Count > 0 || modes.Count > 1)
        {
            throw new RagPrefException(
                $"'{path}' of the model {files.Description} asks for pooling {string.Join(" + ", modes.Select(m => m.ToString()).Concat(unsupported))}; "
                + "this library implements exactly one of mean, cls or max tokens. Set BertOnnxEmbeddingGeneratorOptions.Pooling to choose one explicitly.");
        }

        return modes.Count == 1 ? modes[0] : null;
    }

    private static string? ReadPrompt(JsonElement root)
    {
        if (!root.TryGetProperty("default_prompt_name", out JsonElement name) || name.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("prompts", out JsonElement prompts) || prompts.ValueKind != JsonValueKind.Object
            || !prompts.TryGetProperty(name.GetString()!, out JsonElement prompt) || prompt.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string text = prompt.GetString()!;
        return text.Length == 0 ? null : text;
    }
}
