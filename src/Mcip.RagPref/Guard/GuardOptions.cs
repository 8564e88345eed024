using Mcip.RagPref.Prompting;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Scoring;
using Mcip.RagPref.Text;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Guard;

/// <summary>Settings of a <see cref="RagPrefGuard"/>. Every property has a documented default.</summary>
/// <remarks>
/// A guard copies these settings (deeply: nested options and the policy table too) when it is created; changing an
/// instance afterwards does not affect a guard already built. Not synchronised for concurrent writes.
/// </remarks>
public sealed class GuardOptions
{
    private const double DefaultLexicalWeight = 0.5;
    private const int DefaultMaxCharacters = 1 << 20;

    /// <summary>The number of nearest examples of each label listed in the prompt and averaged by <see cref="GuardScoring.ResearchMargin"/>. Default 2 (the RAG-Pref reference); 1 to 32.</summary>
    public int NeighboursPerLabel { get; set; } = 2;

    /// <summary>The number of nearest examples of each label that <see cref="GuardScoring.SoftKnn"/> weighs. Default 16; at least <see cref="NeighboursPerLabel"/>, at most 256.</summary>
    public int ScoringNeighbours { get; set; } = 16;

    /// <summary>How the score is computed. Default <see cref="GuardScoring.SoftKnn"/> (it measured best; see the README's evaluation table).</summary>
    public GuardScoring Scoring { get; set; } = GuardScoring.SoftKnn;

    /// <summary>The softmax temperature τ of <see cref="GuardScoring.SoftKnn"/>, in cosine units. Default 0.1 (measured best of 0.02 to 0.1); greater than 0.</summary>
    public float Temperature { get; set; } = 0.1f;

    /// <summary>
    /// The share of the hashed character/word n-gram embedder in the embedder that <see cref="RagPrefGuard.CreateDefaultAsync"/>
    /// builds: the request is embedded by all-MiniLM-L6-v2 (meaning) and by
    /// <see cref="Mcip.RagPref.Embeddings.Lexical.HashedNGramEmbeddingGenerator"/> (exact strings), and cosines are the weighted
    /// mean of the two. 0 uses all-MiniLM-L6-v2 alone. Default 0.5 (measured best of 0, 0.3, 0.5 and 0.65; docs/evaluation.md); at least 0 and below 1. Ignored by
    /// <see cref="RagPrefGuard.Create"/>, which takes the embedder it is given.
    /// </summary>
    public double LexicalWeight { get; set; } = DefaultLexicalWeight;

    /// <summary>
    /// Whether to subtract from each stored example's similarity its hub score: its mean similarity to its own
    /// <see cref="NeighboursPerLabel"/> nearest stored neighbours, computed once per store version. It keeps
    /// examples that sit close to everything from dominating. Default <see langword="false"/>: it helped AgentHarm
    /// and hurt deepset (docs/evaluation.md), and with it on the listed neighbours' similarities no longer average to
    /// <see cref="GuardResult.AttackScore"/> and <see cref="GuardResult.BenignScore"/>.
    /// </summary>
    public bool HubnessCorrection { get; set; }

    /// <summary>
    /// Verdict thresholds per surface. A surface absent here uses the thresholds saved in the store's metadata by
    /// <c>ragpref calibrate</c> (keys <c>guard.&lt;scoring&gt;.&lt;surface&gt;.flag|block</c>), else thresholds fitted
    /// when the guard is created by leave-one-out scoring of the store's own benign examples at
    /// <see cref="DefaultFlagFalsePositiveRate"/> and <see cref="DefaultBlockFalsePositiveRate"/>.
    /// </summary>
    public IDictionary<GuardSurface, SurfacePolicy> Policies { get; } = new Dictionary<GuardSurface, SurfacePolicy>();

    /// <summary>
    /// Target false-positive rate, on the store's benign examples, of the fitted Flag threshold. Default 0.10 (on
    /// benign prompts full of trigger words the default guard flags about 4%; docs/evaluation.md).
    /// </summary>
    public double DefaultFlagFalsePositiveRate { get; set; } = 0.10;

    /// <summary>Target false-positive rate, on the store's benign examples, of the fitted Block threshold. Default 0.02.</summary>
    public double DefaultBlockFalsePositiveRate { get; set; } = 0.02;

    /// <summary>
    /// Canonicalisation applied to every request before embedding when the guard's embedder is not a
    /// <see cref="Embeddings.CanonicalizingEmbeddingGenerator"/> (one that is carries its own settings, and these must then equal
    /// them). Default: a new <see cref="CanonicalizationOptions"/> (homoglyph folding on, base64 decoding off).
    /// </summary>
    public CanonicalizationOptions Canonicalization { get; set; } = new();

    /// <summary>
    /// How long texts are split into windows; the most attack-like window decides. Default 256-character windows
    /// overlapping by 64 (the RAG-Pref reference chunks examples at 256): short enough that one injected sentence is
    /// not drowned by the text around it.
    /// </summary>
    public TextWindowOptions Windows { get; set; } = new();

    /// <summary>
    /// The least cosine similarity a stored example needs to be shown to the model as a contrastive example. Examples
    /// below it are left out of the composed context, and a request with no example at or above it gets no security
    /// guidance at all (its conversation passes on unchanged); the result still lists every neighbour as evidence.
    /// Default 0.35 (measured; see the README). 0 shows every neighbour (the RAG-Pref reference); at most 1.
    /// </summary>
    public float RelevanceFloor { get; set; } = 0.35f;

    /// <summary>
    /// Whether the guard also scores a request by its intent units (sentences and lines, each argument of a tool call,
    /// each sentence and parameter of a tool description; see <see cref="IntentUnits"/>) and lets the most attack-like
    /// unit or window decide, so that one injected sentence is not diluted by the text around it. Default
    /// <see langword="true"/> (it measured best; see the README's evaluation table).
    /// </summary>
    public bool ScoreUnits { get; set; } = true;

    /// <summary>
    /// The most intent units of one request the encoder sees. A text with more is screened by a representative this many
    /// (the first, the last, those with the most lexical attack signal, then evenly spaced ones); its windows still cover all
    /// of it. Units are not joined, so that padding cannot dilute one injected sentence. Default 64; 1 to 1024.
    /// </summary>
    public int MaxUnits { get; set; } = IntentUnits.DefaultMaxUnits;

    /// <summary>
    /// The most windows of one request the encoder sees: the work budget of the embed and search stages, with
    /// <see cref="MaxUnits"/>. A text with more windows is not rejected and never silently allowed: the guard screens a
    /// representative <see cref="MaxWindows"/> of them (the first, the last, those with the most lexical attack signal,
    /// then evenly spaced ones), marks the result <see cref="GuardResult.Oversize"/> and gives it at least the
    /// <see cref="Oversize"/> verdict of its surface. Default 256 (about 49,000 characters at the default window size); at least 2.
    /// </summary>
    public int MaxWindows { get; set; } = 256;

    /// <summary>
    /// The most characters of one request's rendered text the guard canonicalises and windows: the work budget of those
    /// stages. Of a longer text the first and the last half of this many characters are screened, and the result is
    /// <see cref="GuardResult.Oversize"/> with at least the <see cref="Oversize"/> verdict of its surface. Default 1,048,576; at least 1,024.
    /// </summary>
    public int MaxCharacters { get; set; } = DefaultMaxCharacters;

    /// <summary>
    /// The least verdict, per surface, of a request too large to screen whole (see <see cref="MaxWindows"/> and
    /// <see cref="MaxCharacters"/>). Default: Flag for user prompts and tool outputs, Block for tool calls and tool descriptions.
    /// </summary>
    public OversizePolicy Oversize { get; set; } = new();

    /// <summary>Template, placement and formatting of the composed context. Default <see cref="PromptOptions"/> defaults (the RAG-Pref template as a new system message).</summary>
    public PromptOptions Prompt { get; set; } = new();

    /// <summary>
    /// Creates the guard's <see cref="System.Diagnostics.Metrics.Meter"/> (named <c>Mcip.RagPref</c>), so that a host's
    /// metrics are scoped to its container. Default <see langword="null"/>: one process-wide meter of that name.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Gets or sets the information-flow check of tool calls that carry their conversation (argument provenance, MCIP flow
    /// records). Default: enabled, see <see cref="FlowOptions"/>.
    /// </summary>
    public FlowOptions Flows { get; set; } = new();

    /// <summary>
    /// Gets or sets the logger factory the guard writes flow records with (category <c>Mcip.RagPref.Flows</c>, event
    /// <c>FlowRecorded</c>, id 100; no request text). Default <see langword="null"/>: no logging.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Lists every problem with these options (empty when valid).</summary>
    /// <returns>One sentence per problem, naming the property and the fix.</returns>
    public IReadOnlyList<string> Validate()
    {
        List<string> problems = [];
        if (NeighboursPerLabel is < 1 or > 32)
        {
            problems.Add($"NeighboursPerLabel is {NeighboursPerLabel}; use 1 to 32 (default 2).");
        }

        if (ScoringNeighbours < NeighboursPerLabel || ScoringNeighbours > 256)
        {
            problems.Add($"ScoringNeighbours is {ScoringNeighbours}; use NeighboursPerLabel ({NeighboursPerLabel}) to 256 (default 16).");
        }

        if (!float.IsFinite(Temperature) || Temperature <= 0)
        {
            problems.Add($"Temperature is {Temperature}; use a positive number (default 0.1).");
        }

        if (!double.IsFinite(LexicalWeight) || LexicalWeight < 0 || LexicalWeight >= 1)
        {
            problems.Add($"LexicalWeight is {LexicalWeight}; use at least 0 and below 1 (default {DefaultLexicalWeight}; 0 for all-MiniLM-L6-v2 alone).");
        }

        if (!Enum.IsDefined(Scoring))
        {
            problems.Add($"Scoring is {(int)Scoring}; use ResearchMargin or SoftKnn.");
        }

        if (DefaultFlagFalsePositiveRate is <= 0 or >= 1 || DefaultBlockFalsePositiveRate is <= 0 or >= 1)
        {
            problems.Add($"DefaultFlagFalsePositiveRate ({DefaultFlagFalsePositiveRate}) and DefaultBlockFalsePositiveRate ({DefaultBlockFalsePositiveRate}) must be between 0 and 1 exclusive.");
        }
        else if (DefaultBlockFalsePositiveRate > DefaultFlagFalsePositiveRate)
        {
            problems.Add($"DefaultBlockFalsePositiveRate ({DefaultBlockFalsePositiveRate}) exceeds DefaultFlagFalsePositiveRate ({DefaultFlagFalsePositiveRate}); blocking must be the stricter verdict.");
        }

        if (!(RelevanceFloor >= 0 && RelevanceFloor <= 1))
        {
            problems.Add($"RelevanceFloor is {RelevanceFloor}; use 0 to 1 (default 0.35).");
        }

        if (MaxUnits is < 1 or > 1024)
        {
            problems.Add($"MaxUnits is {MaxUnits}; use 1 to 1024 (default {IntentUnits.DefaultMaxUnits}).");
        }

        if (MaxWindows < 2)
        {
            problems.Add($"MaxWindows is {MaxWindows}; use at least 2 (default 256).");
        }

        if (MaxCharacters < 1024)
        {
            problems.Add($"MaxCharacters is {MaxCharacters}; use at least 1024 (default {DefaultMaxCharacters}).");
        }

        if (Oversize is null)
        {
            problems.Add("Oversize is null; set a policy (the default is Flag for prompts and outputs, Block for calls and descriptions).");
        }
        else
        {
            problems.AddRange(Oversize.Validate());
        }

        if (Flows is null)
        {
            problems.Add("Flows is null; leave the default (new FlowOptions()) or set the flow settings.");
        }
        else
        {
            problems.AddRange(Flows.Validate());
        }

        foreach (KeyValuePair<GuardSurface, SurfacePolicy> policy in Policies)
        {
            if (policy.Value is null)
            {
                problems.Add($"Policies[{policy.Key}] is null; remove the entry or give thresholds.");
                continue;
            }

            problems.AddRange(policy.Value.Validate($"Policies[{policy.Key}]"));
        }

        return problems;
    }

    /// <summary>Returns a deep copy: nested options and the policy table are copied too, so no change to one affects the other.</summary>
    /// <returns>A new instance with the same settings.</returns>
    public GuardOptions Clone()
    {
        var copy = new GuardOptions
        {
            NeighboursPerLabel = NeighboursPerLabel,
            ScoringNeighbours = ScoringNeighbours,
            Scoring = Scoring,
            Temperature = Temperature,
            LexicalWeight = LexicalWeight,
            HubnessCorrection = HubnessCorrection,
            DefaultFlagFalsePositiveRate = DefaultFlagFalsePositiveRate,
            DefaultBlockFalsePositiveRate = DefaultBlockFalsePositiveRate,
            Canonicalization = Canonicalization?.Clone()!,
            Windows = Windows?.Clone()!,
            MaxWindows = MaxWindows,
            MaxCharacters = MaxCharacters,
            Oversize = Oversize?.Clone()!,
            ScoreUnits = ScoreUnits,
            RelevanceFloor = RelevanceFloor,
            MaxUnits = MaxUnits,
            Prompt = Prompt?.Clone()!,
            MeterFactory = MeterFactory,
            Flows = Flows?.Clone()!,
            LoggerFactory = LoggerFactory,
        };
        foreach (KeyValuePair<GuardSurface, SurfacePolicy> policy in Policies)
        {
            copy.Policies[policy.Key] = policy.Value;
        }

        return copy;
    }
}
