global using Circumplex.Tests;
global using Xunit;
