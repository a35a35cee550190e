Console.WriteLine("customerstream: commands arrive with the Foundation issue");
return 0;
