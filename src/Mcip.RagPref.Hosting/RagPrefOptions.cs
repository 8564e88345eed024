using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Settings of the guard that <c>services.AddRagPref(...)</c> registers. Every property has a documented default and
/// can be bound from configuration (for example a <c>"RagPref"</c> section of <c>appsettings.json</c>). The options are
/// validated when the host starts: a bad value fails start-up with one message listing every problem.
/// </summary>
/// <remarks>Read when the guard is created (the failure modes and the timeout on every call); not synchronised for concurrent writes.</remarks>
public sealed class RagPrefOptions
{
    /// <summary>
    /// Gets or sets the store file (built with <c>ragpref store build</c>). Default <see langword="null"/>: the default
    /// seed-corpus store in the asset cache (<see cref="RagPrefGuard.DefaultStorePath"/>), built on first start when missing.
    /// </summary>
    /// <remarks>
    /// The guard loads the file into private memory (<see cref="ExampleStore.Load"/>, <see cref="StoreLoadMode.ReadIntoMemory"/>)
    /// and never maps the file itself, so the file may be replaced in any way while the guard serves: renamed over (as
    /// <see cref="ExampleStore.Save"/> and <c>ragpref store build</c> do, the atomic way) or rewritten in place (with
    /// <see cref="WatchStore"/> on, a half-written file fails its checksums, keeps the old store serving and is picked up
    /// again when the write ends). The same holds for the default store in the shared cache.
    /// </remarks>
    public string? StorePath { get; set; }

    /// <summary>
    /// Gets or sets the settings of the default embedder (another model folder, threads, batch size). Default: all-MiniLM-L6-v2
    /// from the Mcip.RagPref.Models.MiniLM package, one intra-op thread, batches of 16 (see <see cref="RagPrefEmbedderOptions"/>).
    /// </summary>
    public RagPrefEmbedderOptions Embedder { get; set; } = new();

    /// <summary>
    /// Gets or sets the guard settings (scoring, thresholds per surface, canonicalisation, prompt). Default: the
    /// <see cref="GuardOptions"/> defaults. <see cref="GuardOptions.MeterFactory"/> is set to the host's
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> when it is unset and the host registers one.
    /// </summary>
    public GuardOptions Guard { get; set; } = new() { Canonicalization = new CanonicalizationOptions() };

    /// <summary>
    /// Gets or sets how long one guard call may take; a call that takes longer is a failure handled by
    /// <see cref="FailureModes"/>. Default 5 seconds; must be positive.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets what each surface answers when the guard fails. Default: fail closed for tool calls and tool descriptions, open for prompts and tool outputs.</summary>
    public GuardFailureModes FailureModes { get; set; } = new();

    /// <summary>
    /// Gets or sets the longest request (its <see cref="GuardRequest.RenderedText"/>, in characters) that a fail-open
    /// surface lets through as Allow when the guard fails or times out. A longer request that could not be screened gets
    /// its surface's <see cref="GuardOptions.Oversize"/> verdict instead (Flag for prompts and tool outputs by default), so
    /// that padding an attack until the guard runs out of time never turns its verdict into Allow. Default 4,096 (about
    /// 16 windows, screened in well under the default timeout); must not be negative.
    /// </summary>
    public int FailOpenMaxLength { get; set; } = 4096;

    /// <summary>
    /// Gets or sets whether the guard reloads <see cref="StorePath"/> when the file changes (also when a new file is
    /// renamed over it, as <see cref="ExampleStore.Save"/> does). Default <see langword="true"/>. Ignored for the default store.
    /// </summary>
    public bool WatchStore { get; set; } = true;

    /// <summary>Gets or sets how long the store file must stay unchanged before it is reloaded (changes are debounced). Default 500 ms; must not be negative.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets whether the text of each screened request is logged, at Trace level only. Default
    /// <see langword="false"/>: request text is never logged (verdicts are logged without it).
    /// </summary>
    public bool LogRequestText { get; set; }
}
