using CustomerStream.Cli;

return await CustomerStreamCli.RunAsync(args);
