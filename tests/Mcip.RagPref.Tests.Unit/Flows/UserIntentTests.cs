using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Tests.Flows;

public sealed class UserIntentTests
{
    [Theory]
    [InlineData("Summarise my unread e-mails.")]
    [InlineData("What's on my calendar tomorrow?")]
    [InlineData("How far along is the fundraiser? Don't donate, just tell me.")]
    [InlineData("Read #finance and tell me if the budget was approved.")]
    [InlineData("Which hotel in Oslo has the best reviews?")]
    public void Kinds_ReadOnlyRequest_AsksForNoAction(string text) => Assert.Equal(0, UserIntent.Kinds(text));

    [Theory]
    [InlineData("Email Bob the notes.", FlowSinkKind.Send)]
    [InlineData("Let Gideon know I'm running late.", FlowSinkKind.Send)]
    [InlineData("Pay the bill in bills/may.txt", FlowSinkKind.Transfer)]
    [InlineData("Share the deck with the design lead.", FlowSinkKind.Share)]
    [InlineData("Post the summary in #random.", FlowSinkKind.Post)]
    [InlineData("Follow the README to build it.", FlowSinkKind.Execute)]
    [InlineData("Make scripts/deploy.sh executable.", FlowSinkKind.Permissions)]
    public void Kinds_ActionRequest_IncludesItsKind(string text, FlowSinkKind kind) =>
        Assert.NotEqual(0, UserIntent.Kinds(text) & UserIntent.Bit(kind));
}
