using Mcip.RagPref.Prompting;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Guard;

/// <content>The evidence and the contrastive context: neighbours shown per label, the relevant ones, and the composed messages.</content>
public sealed partial class RagPrefGuard
{
    /// <summary>
    /// Returns a copy of <paramref name="conversation"/> with the RAG-Pref context of <paramref name="result"/>
    /// placed as <see cref="GuardOptions.Prompt"/> says (by default a new system message first). The input is not changed.
    /// </summary>
    /// <param name="conversation">The conversation the host is about to send to the model.</param>
    /// <param name="result">The result of screening the request in that conversation.</param>
    /// <returns>The new message list.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IList<ChatMessage> ComposeMessages(IEnumerable<ChatMessage> conversation, GuardResult result)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(result);
        PromptExample[] attack = Relevant(result.AttackNeighbours);
        PromptExample[] benign = Relevant(result.BenignNeighbours);
        if (attack.Length == 0 && benign.Length == 0)
        {
            // A failure result, an empty store, or nothing relevant enough: no examples to contrast, so no security
            // guidance; the conversation passes on unchanged.
            return [.. conversation];
        }

        return PromptComposer.Compose(conversation, attack, benign, PromptOptionsFor(result.Surface));
    }

    private PromptOptions PromptOptionsFor(GuardSurface surface) => _promptBySurface[(int)surface];

    /// <summary>
    /// The nearest <see cref="GuardOptions.NeighboursPerLabel"/> stored examples, one per example (the best of its whole
    /// text, windows and units), shown as their canonical text so that hidden content (tag characters) stays visible.
    /// </summary>
    private GuardNeighbour[] Neighbours(IReadOnlyList<ExampleMatch> matches)
    {
        var list = new List<GuardNeighbour>(_options.NeighboursPerLabel);
        var families = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < matches.Count && list.Count < _options.NeighboursPerLabel; i++)
        {
            Example e = matches[i].Example;
            string family = e.ParentId ?? e.Id;
            if (families.Add(family))
            {
                list.Add(new GuardNeighbour(family, _canonicalizer.Canonicalize(e.Text).Text, e.Category, matches[i].Similarity));
            }
        }

        return [.. list];
    }

    /// <summary>The neighbours relevant enough to show the model: those at or above <see cref="GuardOptions.RelevanceFloor"/>.</summary>
    private PromptExample[] Relevant(IReadOnlyList<GuardNeighbour> neighbours)
    {
        var list = new List<PromptExample>(neighbours.Count);
        foreach (GuardNeighbour n in neighbours)
        {
            if (n.Similarity >= _options.RelevanceFloor)
            {
                list.Add(new PromptExample(n.Id, n.Text, n.Category, n.Similarity));
            }
        }

        return [.. list];
    }

    /// <summary>
    /// Copies the prompt options once per surface at creation, so composing never allocates options and later
    /// changes to the caller's <see cref="GuardOptions.Prompt"/> do not reach a guard already built.
    /// </summary>
    private static PromptOptions[] SnapshotPromptOptions(PromptOptions prompt)
    {
        GuardSurface[] surfaces = Enum.GetValues<GuardSurface>();
        var bySurface = new PromptOptions[surfaces.Max(s => (int)s) + 1];
        foreach (GuardSurface surface in surfaces)
        {
            PromptOptions copy = prompt.Clone();
            copy.Surface = surface;
            bySurface[(int)surface] = copy;
        }

        return bySurface;
    }
}
