"""Label-driven mapping of the template tables (sections 二, 三, 四) to the spec's cell codes.

``locate`` groups a document's tables by the section their labels belong to (merging a
table split by a page break and header rows printed as a separate table); ``section2``,
``section3`` and ``section4`` map one logical table each; ``common`` holds what they
share (a row's distinct cells, the accumulator of values and flags); ``split`` cuts a
run of digits into cells when a flattening lost the cell boundaries.
"""
