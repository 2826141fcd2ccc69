using Xunit;

namespace Circumplex.Models.Tests;

/// <summary>
/// Tests that collect garbage without pause to catch Scalars freed mid-call run alone: beside them, any other test
/// that still makes Scalars implicitly (TorchSharp's own AdamW does) would fail the same way.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConstantCollections
{
    public const string Name = "garbage collected without pause";
}
