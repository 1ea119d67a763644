"""``clausecheck serve``: a local page where counsel drop a draft and read its risks.

The page calls the same checker and renderers as the command line; uploads stay in
memory and nothing leaves the machine.
"""
