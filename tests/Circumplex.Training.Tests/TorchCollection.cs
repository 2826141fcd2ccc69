using Xunit;

namespace Circumplex.Training.Tests;

/// <summary>
/// Test classes that build torch modules run one at a time: libtorch's random generator is global, so a network
/// initialised in one class while another trains would change the other's draws (the bit-identical resume test
/// failed that way when the ImageNet import tests ran beside it).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "torch: global random generator";
}
