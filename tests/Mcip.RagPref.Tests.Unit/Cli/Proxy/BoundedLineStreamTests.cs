using System.Text;
using Mcip.RagPref.Cli.Proxying;

namespace Mcip.RagPref.Tests.Cli.Proxy;

public sealed class BoundedLineStreamTests
{
    [Fact]
    public async Task Read_LinesAtTheLimit_PassUnchanged()
    {
        byte[] data = Encoding.ASCII.GetBytes("0123456789\nabcdefghij\n0123456789");
        using var stream = new BoundedLineStream(new MemoryStream(data), 10, "test");

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 3, TestContext.Current.CancellationToken);

        Assert.Equal(data, copy.ToArray());
        Assert.False(stream.Exceeded);
        Assert.False(stream.ExceededTask.IsCompleted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(64)]
    public async Task Read_LineOverTheLimit_FailsWhateverTheReadSize(int readSize)
    {
        byte[] data = Encoding.ASCII.GetBytes("short\n0123456789X\nmore\n");
        using var stream = new BoundedLineStream(new MemoryStream(data), 10, "the upstream server");

        using var copy = new MemoryStream();
        IOException ex = await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(copy, readSize, TestContext.Current.CancellationToken));

        Assert.True(stream.Exceeded);
        Assert.Contains("the upstream server sent a message larger than 10 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => stream.ReadByte());
        Assert.True(stream.ExceededTask.IsCompletedSuccessfully);
    }
}
