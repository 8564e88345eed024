namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>The deciding window of a long text (the <c>window</c> object of a guard result).</summary>
internal sealed record GuardWindowBody(int IndexStart, int Length, int Count, int Screened);
