using Circumplex.Cli;

return CircumplexCli.Run(args);
