using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Tests.Flows;

public sealed class SinkClassifierTests
{
    [Theory]
    [InlineData("send_email", FlowSinkKind.Send)]
    [InlineData("mail.send", FlowSinkKind.Send)]
    [InlineData("gmailSendMessage", FlowSinkKind.Send)]
    [InlineData("transfer_funds", FlowSinkKind.Transfer)]
    [InlineData("payments.create_standing_order", FlowSinkKind.Transfer)]
    [InlineData("update_scheduled_transaction", FlowSinkKind.Transfer)]
    [InlineData("submit_booking_request", FlowSinkKind.Transfer)]
    [InlineData("drive.share", FlowSinkKind.Share)]
    [InlineData("invite_user_to_slack", FlowSinkKind.Share)]
    [InlineData("slack.post_message", FlowSinkKind.Post)]
    [InlineData("write_file", FlowSinkKind.Write)]
    [InlineData("shell.exec", FlowSinkKind.Execute)]
    [InlineData("fs.set_permissions", FlowSinkKind.Permissions)]
    [InlineData("read_inbox", FlowSinkKind.None)]
    [InlineData("get_most_recent_transactions", FlowSinkKind.None)]
    [InlineData("email_search", FlowSinkKind.None)]
    [InlineData("search_contacts", FlowSinkKind.None)]
    [InlineData("calculator", FlowSinkKind.None)]
    public void Classify_ToolName_GivesItsSinkKind(string tool, FlowSinkKind expected) => Assert.Equal(expected, SinkClassifier.Classify(tool));
}
