namespace Mcip.RagPref.Stores;

/// <summary>
/// One store row with its unit vector: what <see cref="ExampleStore.ExportEmbedded"/> hands out and
/// <see cref="ExampleStore.AddEmbedded"/> takes back, so a store can be copied to another place (a database, another
/// process) and rebuilt there without embedding its texts again.
/// </summary>
/// <param name="Example">The row: an example, or one chunk of a long example.</param>
/// <param name="Vector">Its vector, as many floats as the store's embedder has dimensions.</param>
public readonly record struct EmbeddedExample(Example Example, ReadOnlyMemory<float> Vector);
