/* qmp_mini: todo */
