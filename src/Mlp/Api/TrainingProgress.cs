namespace Mlp;

/// <summary>One finished training epoch, as reported to an <see cref="IProgress{T}"/>.</summary>
/// <param name="Epoch">The epoch's number, from 1; it starts again at 1 when an automatic epoch search is followed by the final run.</param>
/// <param name="Loss">The mean training loss over the epoch (standardized for regression).</param>
/// <param name="ValidationLoss">The loss on the held-out rows, where the run holds some out; otherwise null.</param>
public sealed record TrainingProgress(int Epoch, double Loss, double? ValidationLoss);
