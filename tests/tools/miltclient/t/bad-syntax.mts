# Must be refused before anything is sent (exit 2, file:line:column).
connect client.example.org 192.0.2.1
macro mail i=1 justaname
