namespace Mcip.RagPref.Hosting;

/// <summary>What the hosted guard answers when the guard itself fails (a timeout, a native error, a store that cannot be loaded).</summary>
public enum GuardFailureMode
{
    /// <summary>Let the request through (verdict Allow) and log the failure: availability over protection.</summary>
    FailOpen = 0,

    /// <summary>Block the request (verdict Block) and log the failure: protection over availability.</summary>
    FailClosed = 1,
}
