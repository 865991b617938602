/* sampler: todo */
