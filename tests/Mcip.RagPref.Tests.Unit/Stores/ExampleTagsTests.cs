using System.Collections.ObjectModel;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Tests.Stores;

/// <summary>Examples and inputs hold a read-only copy of the tags they are given, never the caller's list.</summary>
public sealed class ExampleTagsTests
{
    [Fact]
    public void Copy_NullOrEmpty_IsTheSharedEmptyCollection()
    {
        Assert.Same(ReadOnlyCollection<string>.Empty, ExampleTags.Copy(null));
        Assert.Same(ReadOnlyCollection<string>.Empty, ExampleTags.Copy([]));
    }

    [Fact]
    public void Copy_List_IsReadOnlyAndUnaffectedByLaterChanges()
    {
        var tags = new List<string> { "ssh", "persistence" };

        ReadOnlyCollection<string> copy = ExampleTags.Copy(tags);
        tags[0] = "changed";

        Assert.Equal(["ssh", "persistence"], copy);
    }

    [Fact]
    public void ExampleAndInput_Tags_HoldCopiesAndDefaultToEmpty()
    {
        var tags = new List<string> { "a" };
        var example = new Example("e1", "text", ExampleLabel.Benign) { Tags = tags };
        var input = new ExampleInput("text", ExampleLabel.Benign) { Tags = tags };
        tags.Add("b");

        Assert.Equal(["a"], example.Tags);
        Assert.Equal(["a"], input.Tags);
        Assert.Empty(new Example("e2", "text", ExampleLabel.Attack).Tags);
        Assert.Empty(new ExampleInput("text", ExampleLabel.Attack) { Tags = null! }.Tags);
    }
}
