namespace Mcip.RagPref.Flows;

/// <summary>What a tool does with its arguments, as far as information flows go: the sensitive sinks, or none.</summary>
public enum FlowSinkKind
{
    /// <summary>Not a sensitive sink (reads, searches, lists, computes).</summary>
    None = 0,

    /// <summary>Sends a message (e-mail, chat, SMS) to a recipient.</summary>
    Send = 1,

    /// <summary>Moves money or books and pays (transfers, payments, purchases, reservations).</summary>
    Transfer = 2,

    /// <summary>Shares a resource or grants someone access (share a file, invite to a channel or event).</summary>
    Share = 3,

    /// <summary>Publishes content or sends it to a URL (post, upload, publish, webhook).</summary>
    Post = 4,

    /// <summary>Writes a file (a sink only outside the workspace).</summary>
    Write = 5,

    /// <summary>Runs a command or code.</summary>
    Execute = 6,

    /// <summary>Changes permissions or ownership.</summary>
    Permissions = 7,
}
