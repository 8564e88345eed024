namespace Mcip.RagPref.Stores;

/// <summary>Which stored examples are also stored as their intent units (see <see cref="ExampleStoreOptions.Units"/>).</summary>
public enum StoreUnits
{
    /// <summary>Whole texts only (cut into windows when long).</summary>
    None = 0,

    /// <summary>Benign examples whole and as units; attack examples whole.</summary>
    Benign = 1,

    /// <summary>Every example whole and as units.</summary>
    All = 2,
}
