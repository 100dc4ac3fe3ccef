"""Services own the rules: they validate, write the record and its outbox entry together,
and answer the views' questions. Every function takes the device's Store first."""
