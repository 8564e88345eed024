namespace Mcip.RagPref;

/// <summary>What the guard advises a host to do with a request.</summary>
public enum GuardVerdict
{
    /// <summary>The request looks like the benign examples: let it through (the RAG-Pref context still goes into the prompt).</summary>
    Allow = 0,

    /// <summary>The request is closer to the attack examples than usual: let it through, but record it and let the model see the context.</summary>
    Flag = 1,

    /// <summary>The request looks like the attack examples: a host with a hard gate stops it.</summary>
    Block = 2,
}
