namespace Mcip.RagPref.Stores;

/// <summary>The label of a stored example. The numeric values are the label bytes of the store file and the index.</summary>
public enum ExampleLabel : byte
{
    /// <summary>A request from a regular user that the assistant should help with (the preferred set).</summary>
    Benign = 0,

    /// <summary>A request from an attacker that the assistant should refuse (the dispreferred set).</summary>
    Attack = 1,
}
