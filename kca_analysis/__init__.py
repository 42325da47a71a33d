"""kca_analysis: load, validate and analyse the data of the kca-notebooks collection."""
