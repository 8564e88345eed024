using Mcip.RagPref.Models;
using System.Security.Cryptography;

namespace Mcip.RagPref.Tests.Models;

public sealed class MiniLmL6V2Tests
{
    [Fact]
    public void FileNames_ListTheGraphVocabularyConfigurationAndLicence()
    {
        Assert.Equal(
            ["1_Pooling/config.json", "LICENSE.txt", "config.json", "model.onnx", "sentence_bert_config.json", "special_tokens_map.json", "tokenizer_config.json", "vocab.txt"],
            MiniLmL6V2.FileNames);
    }

    [Fact]
    public void ReadModel_IsTheGraphWhoseSha256WasPinned()
    {
        byte[] model = MiniLmL6V2.ReadModel();

        Assert.Equal(90_893_304, model.Length);
        Assert.Equal("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", Convert.ToHexStringLower(SHA256.HashData(model)));
        Assert.Equal(MiniLmL6V2.ModelSha256, Convert.ToHexStringLower(SHA256.HashData(model)));
    }

    [Fact]
    public void OpenFile_Vocabulary_HasTheBertSpecialTokensWhereBertExpectsThem()
    {
        using var reader = new StreamReader(MiniLmL6V2.OpenFile(MiniLmL6V2.VocabularyFileName));
        string[] lines = reader.ReadToEnd().Split(["\r\n", "\n"], StringSplitOptions.None);

        Assert.Equal("[PAD]", lines[0]);
        Assert.Equal("[UNK]", lines[100]);
        Assert.Equal("[CLS]", lines[101]);
        Assert.Equal("[SEP]", lines[102]);
    }

    [Fact]
    public void OpenFile_Licence_IsTheApacheLicence()
    {
        using var reader = new StreamReader(MiniLmL6V2.OpenFile("LICENSE.txt"));

        Assert.Contains("Apache License", reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenFile_UnknownName_ThrowsFileNotFoundListingTheFiles()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => MiniLmL6V2.OpenFile("weights.bin"));

        Assert.Contains("weights.bin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", ex.Message, StringComparison.Ordinal);
        Assert.False(MiniLmL6V2.HasFile("weights.bin"));
        Assert.True(MiniLmL6V2.HasFile("1_Pooling/config.json"));
    }
}
