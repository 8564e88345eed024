namespace Mcip.RagPref.Cli.Evaluation;

/// <summary>Items sharing one score: how many are attacks and how many benign.</summary>
internal readonly record struct TieGroup(double Score, int Attacks, int Benign);
