using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>The response of <c>POST /v1/examples</c>: serialised by <see cref="ExamplesEndpoint"/> and documented in the OpenAPI document from this one type.</summary>
/// <param name="Added">Examples added.</param>
/// <param name="Rows">Rows added (an example cut into chunks or intent units adds several).</param>
/// <param name="Skipped">Examples left out, and why.</param>
/// <param name="Change">The shared store's change number after the write.</param>
internal sealed record ExamplesResponseBody(
    [property: Description("Examples added to the shared store (every replica applies them within moments).")] int Added,
    [property: Description("Rows added: an example cut into chunks or intent units adds several.")] int Rows,
    [property: Description("Examples left out: exact duplicates within the request, or ids already in the store.")] IReadOnlyList<SkippedExampleBody> Skipped,
    [property: Description("The shared store's change number after the write; a replica whose /healthz data shows this sequence or later has the examples.")] long Change);
